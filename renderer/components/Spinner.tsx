export function Spinner({ large = false }: { large?: boolean }) {
  return <span className={large ? 'spinner spinner-large' : 'spinner'} aria-hidden="true" />;
}

/** A wait the cashier should see (starting a payment, checking...). */
export function Progress({ text, kind }: { text: string; kind: string }) {
  return (
    <p className="progress" role="status" data-testid="busy" data-busy={kind}>
      <Spinner />
      <span>{text}</span>
    </p>
  );
}
