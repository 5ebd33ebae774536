import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { AddClusterDialog } from './AddClusterDialog';
import { useProfiles } from './store';

/** What the window shows before there is a cluster to act on. */
export function Welcome() {
  const [adding, setAdding] = useState(false);
  const count = useProfiles((s) => s.profiles.length);
  return (
    <>
      <EmptyState
        testId="welcome"
        icon="◆"
        title={count === 0 ? 'Add your first cluster' : 'Choose a cluster'}
        actions={
          <button className="button primary" onClick={() => setAdding(true)}>
            Add a cluster
          </button>
        }
      >
        {count === 0 ? (
          <p>
            Deis Admin manages the users, administrators and tokens of your Deis, Workflow, Hephy and Drycc clusters.
            Add a cluster by its controller URL, log in as an administrator, and every cluster you run is one click away.
          </p>
        ) : (
          <p>Pick a cluster in the sidebar, or add another one.</p>
        )}
      </EmptyState>
      {adding ? <AddClusterDialog onClose={() => setAdding(false)} /> : null}
    </>
  );
}
