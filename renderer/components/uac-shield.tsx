/**
 * The shield Windows puts on a button that asks for administrator approval (UAC): the one button
 * that starts FipsFix's elevated step carries it. Drawn here (Fluent's icons have no UAC shield).
 */
export function UacShield() {
  return (
    <svg
      className="uac-shield"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M8 1 2 3v5c0 3.3 2.5 6 6 7 3.5-1 6-3.7 6-7V3z" className="uac-edge" />
      <path d="M8 2 3 3.7V8h5z" className="uac-blue" />
      <path d="M8 2v6h5V3.7z" className="uac-yellow" />
      <path d="M3 8c.2 2.7 2.3 4.9 5 5.8V8z" className="uac-yellow" />
      <path d="M8 8v5.8c2.7-.9 4.8-3.1 5-5.8z" className="uac-blue" />
    </svg>
  );
}
