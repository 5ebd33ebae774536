import type { ReactNode } from 'react';

export function EmptyState(props: { icon?: ReactNode; title: string; children?: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={props.testId}>
      {props.icon ? <div className="empty-icon" aria-hidden="true">{props.icon}</div> : null}
      <h2>{props.title}</h2>
      {props.children ? <div className="empty-text">{props.children}</div> : null}
      {props.actions ? <div className="row center">{props.actions}</div> : null}
    </div>
  );
}
