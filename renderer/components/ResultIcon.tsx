// Big status symbols drawn as SVG (no font needed), next to words that say the same.
import type { ResultKind } from '../stores/flowStore';

export function ResultIcon({ kind }: { kind: ResultKind }) {
  return (
    <svg className="result-icon" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
      <circle cx="50" cy="50" r="46" className="result-icon-ring" />
      {kind === 'paid' ? <path d="M28 52 L44 68 L74 34" className="result-icon-mark" /> : null}
      {kind === 'declined' ? <path d="M33 33 L67 67 M67 33 L33 67" className="result-icon-mark" /> : null}
      {kind === 'unconfirmed' ? (
        <>
          <path d="M50 24 L50 58" className="result-icon-mark" />
          <circle cx="50" cy="74" r="5" className="result-icon-dot" />
        </>
      ) : null}
      {kind === 'expired' || kind === 'closed' ? <path d="M50 26 L50 52 L66 62" className="result-icon-mark" /> : null}
      {kind === 'cancelled' ? <path d="M30 50 L70 50" className="result-icon-mark" /> : null}
    </svg>
  );
}
