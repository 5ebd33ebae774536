import { defineConfig } from 'vitest/config';

// Unit tests are pure logic; integration tests drive main's services against real components (the Django test
// controller, gnome-keyring, sshd) and so get longer timeouts and run a few files at a time on 2 cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          // A project with its own maxWorkers needs its own group to run alongside the unit project.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
