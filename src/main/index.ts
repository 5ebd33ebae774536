/**
 * Electron's app lifecycle, kept thin: one instance, one secure window, the backend built from Electron's platform
 * pieces (the user-data folder, the OS keychain, shell.openExternal), and IPC bound to it.
 */
import { app, shell, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createBackend, type Backend } from './backend';
import { bindIpc, sendEvent, type TrustedSenders } from './ipc';
import { createMainWindow, denyAllPermissions } from './window';
import { assertExternalUrl } from './services/app/handlers';
import { KeytarStore } from './services/secrets/keytar-store';

let mainWindow: BrowserWindow | null = null;
let backend: Backend | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void backend?.dispose());
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  denyAllPermissions();
  const indexUrl = pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
  const trusted: TrustedSenders = { ids: new Set(), indexUrl };
  backend = await createBackend({
    dataDir: app.getPath('userData'),
    host: 'electron',
    appVersion: app.getVersion(),
    // Development builds keep their tokens apart from the installed app's.
    secrets: new KeytarStore(app.isPackaged ? 'Deis Admin' : 'Deis Admin (development)'),
    send: (event, payload) => {
      if (mainWindow) sendEvent([mainWindow.webContents], event, payload);
    },
    openExternal: (url) => shell.openExternal(assertExternalUrl(url)),
    home: app.getPath('home'),
    env: process.env,
  });
  bindIpc(backend.dispatch, trusted);
  mainWindow = createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), indexUrl });
  trusted.ids.add(mainWindow.webContents.id);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}
