// Probing a machine's own RDP listeners for the diagnosis: each listener at its PortNumber, on
// loopback first, then on the machine's own addresses, until one answers; which one answered and
// what was tried first are recorded. Whether a Windows listener answers a probe from the server
// itself on 127.0.0.1, or one bound to a single adapter (LanAdapter) elsewhere, is unverified.
import { networkInterfaces } from 'node:os';
import type { ListenerEvidence, WireEvidence } from '../../core/evidence';
import type { ProbeTarget } from '../../core/wire/probe-document';
import { parseTarget } from '../../core/wire/target';
import { ConnectionGate } from './connection-gate';
import { probeTarget } from './probe-target';

/** Each target's deadline when the diagnosis probes: short, since it waits on every listener. */
export const OWN_LISTENER_TIMEOUT_MS = 3000;

export const WIRE_PROBE_LABEL = "fipsfix probe of this machine's listeners";

/** Loopback first, then every address of this machine (IPv4 before IPv6, link-local last). */
export function ownAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const external = all.filter((a) => !a.internal);
  const v4 = external.filter((a) => a.family === 'IPv4').map((a) => a.address);
  const v6 = external.filter((a) => a.family === 'IPv6');
  return [
    '127.0.0.1',
    ...v4,
    ...v6.filter((a) => !a.address.startsWith('fe80')).map((a) => a.address),
    ...v6.filter((a) => a.address.startsWith('fe80')).map((a) => `${a.address}%${a.scopeid ?? 0}`),
  ];
}

function gate(): ConnectionGate {
  return new ConnectionGate(8, 2);
}

/** One listener: the addresses in order until one accepts a TCP connection. */
async function probeListener(
  name: string,
  port: number,
  addresses: readonly string[],
  g: ConnectionGate,
  timeoutMs: number,
): Promise<ProbeTarget> {
  const alsoTried: NonNullable<ProbeTarget['alsoTried']> = [];
  let last: ProbeTarget | undefined;
  for (const address of addresses) {
    const host = address.includes(':') ? `[${address}]` : address;
    last = await probeTarget({ target: `${host}:${port}`, host: address, port }, { timeoutMs, gate: g });
    if (last.reachable) break;
    if (last.error) alsoTried.push({ address, error: last.error });
  }
  if (!last) throw new Error('no address to probe');
  // The last unreachable address is the target's own error, not also "tried first".
  const tried = last.reachable ? alsoTried : alsoTried.slice(0, -1);
  return { ...last, listener: name, ...(tried.length > 0 ? { alsoTried: tried } : {}) };
}

/** Every listener read from WinStations, at its PortNumber. */
export async function probeOwnListeners(
  listeners: ListenerEvidence | undefined,
  addresses: readonly string[] = ownAddresses(),
  timeoutMs = OWN_LISTENER_TIMEOUT_MS,
): Promise<WireEvidence | undefined> {
  if (!listeners || listeners.listeners.length === 0) return undefined;
  const g = gate();
  const targets = await Promise.all(
    listeners.listeners.map((l) => probeListener(l.name, l.portNumber, addresses, g, timeoutMs)),
  );
  return { targets, origin: { file: WIRE_PROBE_LABEL, format: 'wire-probe', location: 'each listener' } };
}

/** A simulated machine's declared listener addresses (host:port), each probed as given. */
export async function probeDeclaredListeners(
  declared: Readonly<Record<string, string>>,
  origin: string,
  timeoutMs = OWN_LISTENER_TIMEOUT_MS,
): Promise<WireEvidence | undefined> {
  const entries = Object.entries(declared);
  if (entries.length === 0) return undefined;
  const g = gate();
  const targets = await Promise.all(
    entries.map(async ([listener, where]) => {
      const t = parseTarget(where);
      // The schema checked the address; a bad one here is a bug in the caller.
      if (!t.ok) throw new Error(t.reason);
      return { ...(await probeTarget(t.value, { timeoutMs, gate: g })), listener };
    }),
  );
  return { targets, origin: { file: origin, format: 'wire-probe', location: 'listenerAddresses' } };
}
