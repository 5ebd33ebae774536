import { Component, type ErrorInfo as ReactErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** A rendering bug shows a report and a way back instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; area?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ReactErrorInfo): void {
    console.error('Deis Admin render error', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="error-report" role="alert">
        <h2>{this.props.area ? `The ${this.props.area} view ran into a problem` : 'Deis Admin ran into a problem'}</h2>
        <p>Nothing was changed on your clusters. You can try again; if it keeps happening, report the details below.</p>
        <pre>{error.message}</pre>
        <div className="row">
          <button className="button primary" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
          <button className="button" onClick={() => window.location.reload()}>
            Reload window
          </button>
        </div>
      </div>
    );
  }
}
