// How many probe connections are open at once, in all and per host: a fleet probe never opens more
// than `max` sockets, and never more than `perHost` to one server (two listeners on one server share
// it). A target already under way goes before one not yet started, so its deadline is not spent
// waiting behind targets that have not begun.
export type Release = () => void;

interface Waiter {
  readonly host: string;
  readonly continuing: boolean;
  readonly grant: (release: Release) => void;
}

export class ConnectionGate {
  private openNow = 0;
  private peakOpen = 0;
  private readonly byHost = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(
    readonly max: number,
    readonly perHost: number,
  ) {}

  /** The most connections that were open at once, for the benchmark and the tests. */
  get peak(): number {
    return this.peakOpen;
  }

  get open(): number {
    return this.openNow;
  }

  /** Resolves when a connection to `host` may be opened; call the release once it is closed. */
  acquire(host: string, continuing: boolean): Promise<Release> {
    return new Promise((grant) => {
      this.waiting.push({ host: host.toLowerCase(), continuing, grant });
      this.pump();
    });
  }

  private pump(): void {
    for (const continuing of [true, false]) {
      for (let i = 0; i < this.waiting.length && this.openNow < this.max;) {
        const w = this.waiting[i]!;
        const onHost = this.byHost.get(w.host) ?? 0;
        if (w.continuing !== continuing || onHost >= this.perHost) {
          i++;
          continue;
        }
        this.waiting.splice(i, 1);
        this.openNow++;
        this.peakOpen = Math.max(this.peakOpen, this.openNow);
        this.byHost.set(w.host, onHost + 1);
        let released = false;
        w.grant(() => {
          if (released) return;
          released = true;
          this.openNow--;
          const n = (this.byHost.get(w.host) ?? 1) - 1;
          if (n === 0) this.byHost.delete(w.host);
          else this.byHost.set(w.host, n);
          this.pump();
        });
      }
    }
  }
}
