/** A determinate progress bar with its numbers for screen readers (and an indeterminate one while total is unknown). */
export function ProgressBar(props: { value: number; max: number; label: string; tone?: 'danger' }) {
  const known = props.max > 0;
  const pct = known ? Math.min(100, Math.round((props.value / props.max) * 100)) : 0;
  return (
    <div
      className={`progress${known ? '' : ' progress-indeterminate'}${props.tone === 'danger' ? ' progress-danger' : ''}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={known ? props.max : undefined}
      aria-valuenow={known ? props.value : undefined}
      data-testid="progress"
    >
      <span style={{ width: known ? `${pct}%` : undefined }} />
    </div>
  );
}
