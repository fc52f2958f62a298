import { Fragment } from 'react';

/**
 * A registry path (or any text with backslashes) in monospace that wraps only after a backslash,
 * never inside a key's name ("CurrentControlSet" stays whole).
 */
export function RegistryPath({ text }: { text: string }) {
  const parts = text.split('\\');
  return (
    <span className="mono path">
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && (
            <>
              \<wbr />
            </>
          )}
        </Fragment>
      ))}
    </span>
  );
}
