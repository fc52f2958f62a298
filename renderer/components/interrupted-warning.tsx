/** An apply or rollback that did not finish: nothing else writes until an administrator settles it. */
export function InterruptedWarning({ what }: { what: string }) {
  return (
    <div className="box warning" role="alert">
      <p>
        <strong>An earlier run did not finish.</strong> {what}
      </p>
      <p>
        Next step: settle it first from an administrator console with "fipsfix recover --rollback" (restore
        the backup) or "fipsfix recover --complete".
      </p>
    </div>
  );
}
