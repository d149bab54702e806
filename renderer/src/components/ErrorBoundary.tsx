import { Component, type ReactNode } from 'react';

/** Nothing leaves a blank screen: a rendering bug shows what happened and how to recover. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-notice fatal" role="alert">
        <p className="error-title">Something went wrong on this screen.</p>
        <p className="error-message">{this.state.error.message}</p>
        <p className="error-hint">Reload the window to start again. Your devices were not changed by this error.</p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}
