/** A first-in, first-out lock: waiters get it in the order they asked. */
export class FifoMutex {
  #locked = false;
  readonly #waiters: (() => void)[] = [];

  /** Resolves with a release function once the lock is ours. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.#locked = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#release();
        });
      };
      if (this.#locked) this.#waiters.push(grant);
      else grant();
    });
  }

  #release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}
