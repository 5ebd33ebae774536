import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { AddClusterDialog } from './AddClusterDialog';
import { ImportDialog } from './ImportDialog';
import { useProfiles } from './store';

/** What the window shows before there is a cluster to act on. */
export function Welcome() {
  const [dialog, setDialog] = useState<'add' | 'import' | null>(null);
  const count = useProfiles((s) => s.profiles.length);
  return (
    <>
      <EmptyState
        testId="welcome"
        icon="◆"
        title={count === 0 ? 'Add your first cluster' : 'Choose a cluster'}
        actions={
          <>
            <button className="button primary" onClick={() => setDialog('add')}>
              Add a cluster
            </button>
            <button className="button" onClick={() => setDialog('import')}>
              Import from the Deis CLI
            </button>
          </>
        }
      >
        {count === 0 ? (
          <p>
            Deis Admin manages the users, administrators and tokens of your Deis, Workflow, Hephy and Drycc clusters.
            Add a cluster by its controller URL, log in as an administrator, and every cluster you run is one click away.
            Already logged in with the <code>deis</code>, <code>hephy</code> or <code>drycc</code> CLI? Import those clusters.
          </p>
        ) : (
          <p>Pick a cluster in the sidebar (Ctrl+1…9), or add another one.</p>
        )}
      </EmptyState>
      {dialog === 'add' ? <AddClusterDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
    </>
  );
}
