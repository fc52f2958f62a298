// Fake RDP listeners for the benchmark's 1,000 targets (run with tsx): many live listeners cheaply,
// answering as MS-RDPBCGR lays out (test/machine/fake-rdp-server.ts), where one xrdp process answers
// one connection every ~12 ms on this machine. Listens on 0.0.0.0, so every 127.x address reaches it.
// Usage: node --import tsx scripts/fake-rdp-listeners.ts PORT LEVEL METHOD; prints "ready" once listening.
import { fakeRdpServer } from '../test/machine/fake-rdp-server';

const [port, level, method] = process.argv.slice(2).map(Number);
void fakeRdpServer('0.0.0.0', { level: level ?? 4, method: method ?? 0x10 }, port).then(() =>
  process.stdout.write('ready\n'),
);
