// The sync lease's `untouched`: whether anybody took the lease between the run's first look at it (before
// its plan read) and its own take, which decides whether the run must read and plan again (stage.ts).
import { describe, expect, it } from "vitest";
import type { BatchDocument, BatchResult, ChildApi, Resource } from "../../src/core/access.js";
import { acquireLease, type LeaseClock, leaseSeen } from "../../src/sync/lease.js";

const REPO = "example-org/tenants";

/** A child holding roles in memory, read over "gRPC" (peekRole) and written as tctl would, revisions counted. */
class LeaseChild {
  readonly roles = new Map<string, Resource>();
  private revision = 0;
  writes = 0;

  put(resource: Resource): void {
    const name = resource.metadata!.name!;
    this.roles.set(name, {
      ...resource,
      metadata: { ...resource.metadata, revision: `r${++this.revision}` },
    });
  }

  api(): ChildApi {
    return {
      peekRole: async (name: string) => structuredClone(this.roles.get(name) ?? null),
      writeBatch: async (documents: BatchDocument[]): Promise<BatchResult> => {
        this.writes++;
        for (const d of documents) this.put(structuredClone(d.resource));
        return { applied: documents.map((d) => d.ref) };
      },
    } as unknown as ChildApi;
  }
}

const clock = (): LeaseClock => {
  let now = Date.parse("2026-12-02T10:00:00Z");
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    settle: async (ms) => {
      now += ms;
    },
  };
};

const options = (holder: string, c: LeaseClock) => ({
  cluster: "acme",
  repository: REPO,
  holder,
  clock: c,
  log: () => {},
});

describe("the sync lease's untouched", () => {
  it("is true when there was no lease before the plan read and still none at the take", async () => {
    const child = new LeaseChild();
    const api = child.api();
    const seen = await leaseSeen(api, REPO);
    expect(seen?.revision).toBeNull();
    const lease = await acquireLease(api, { ...options("run 1", clock()), seen: seen! });
    expect(lease.untouched).toBe(true);
    expect(child.writes).toBe(1);
  });

  it("is true when the released lease kept the revision seen before the plan read", async () => {
    const child = new LeaseChild();
    const api = child.api();
    const first = await acquireLease(api, options("run 1", clock()));
    await first.release();
    const seen = await leaseSeen(api, REPO);
    expect(seen?.revision).toMatch(/^r\d+$/);
    expect((await acquireLease(api, { ...options("run 2", clock()), seen: seen! })).untouched).toBe(true);
  });

  it("is false when another run took and released the lease after the plan read", async () => {
    const child = new LeaseChild();
    const api = child.api();
    const seen = await leaseSeen(api, REPO);
    // Another run takes the lease, writes and releases it between this run's plan read and its take.
    const other = await acquireLease(api, options("run 0", clock()));
    await other.release();
    const lease = await acquireLease(api, { ...options("run 1", clock()), seen: seen! });
    expect(lease.untouched).toBe(false);
  });

  it("is false when this run had to wait for another run's lease", async () => {
    const child = new LeaseChild();
    const api = child.api();
    const c = clock();
    const seen = await leaseSeen(api, REPO);
    const other = await acquireLease(api, options("run 0", c));
    const sleep = c.sleep;
    c.sleep = async (ms) => {
      await sleep(ms);
      await other.release();
    };
    const lease = await acquireLease(api, { ...options("run 1", c), seen: seen! });
    expect(lease.untouched).toBe(false);
  });

  it("is false when the lease could not be read without a process before the plan", async () => {
    const child = new LeaseChild();
    expect((await acquireLease(child.api(), options("run 1", clock()))).untouched).toBe(false);
  });
});

/** The same child answering CreateRole/UpdateRole with their revision check (B119). */
class CheckedLeaseChild extends LeaseChild {
  swaps = 0;
  /** Runs before the next swap is answered: another run's write landing first. */
  before?: () => void;

  override api(): ChildApi {
    return {
      ...super.api(),
      swapRole: async (role: Resource, revision: string | null) => {
        this.swaps++;
        const hook = this.before;
        this.before = undefined;
        hook?.();
        const current = this.roles.get(role.metadata!.name!);
        const now = current ? String(current.metadata?.revision) : null;
        if (now !== revision) return null;
        this.put(structuredClone(role));
        return String(this.roles.get(role.metadata!.name!)!.metadata!.revision);
      },
    } as ChildApi;
  }
}

const leaseOf = (child: LeaseChild) => {
  const role = [...child.roles.values()][0];
  return role ? JSON.parse(String(role.metadata!.description)) : undefined;
};

describe("the sync lease where the child checks revisions (B119)", () => {
  it("is taken, renewed and released with no tctl write and no settling wait", async () => {
    const child = new CheckedLeaseChild();
    const c = clock();
    let settled = 0;
    c.settle = async () => {
      settled++;
    };
    const lease = await acquireLease(child.api(), options("run 1", c));
    expect(leaseOf(child).holder).toBe("run 1");
    await c.sleep(90_000);
    await lease.renew();
    expect(Date.parse(leaseOf(child).expires)).toBe(c.now() + 120_000);
    await lease.release();
    expect(leaseOf(child).holder).toBe("");
    expect({ writes: child.writes, swaps: child.swaps, settled }).toEqual({
      writes: 0,
      swaps: 3,
      settled: 0,
    });
  });

  it("a run whose take another run beat reads again and waits for that run instead of taking over", async () => {
    const child = new CheckedLeaseChild();
    const c = clock();
    const api = child.api();
    await (await acquireLease(api, options("run 0", clock()))).release();
    const name = [...child.roles.keys()][0]!;
    const as = (holder: string, expires: string) =>
      child.put({ kind: "role", metadata: { name, description: JSON.stringify({ v: 1, holder, expires }) } });
    // Between this run's read of the free lease and its write, run 0 takes it; it is done after one poll.
    child.before = () => as("run 0", new Date(c.now() + 120_000).toISOString());
    const sleep = c.sleep;
    c.sleep = async (ms) => {
      await sleep(ms);
      as("", "");
    };
    const logs: string[] = [];
    const lease = await acquireLease(api, { ...options("run 1", c), log: (m) => logs.push(m) });
    expect(logs).toEqual([expect.stringContaining("waiting for run 0")]);
    expect(leaseOf(child).holder).toBe("run 1");
    expect(lease.untouched).toBe(false);
  });

  it("renewing a lease someone changed meanwhile stops the run instead of writing over it", async () => {
    const child = new CheckedLeaseChild();
    const c = clock();
    const lease = await acquireLease(child.api(), options("run 1", c));
    const name = [...child.roles.keys()][0]!;
    child.put({
      kind: "role",
      metadata: { name, description: JSON.stringify({ v: 1, holder: "", expires: "" }) },
    });
    await c.sleep(90_000);
    await expect(lease.renew()).rejects.toThrow(/was changed by someone else while this run held it/);
    expect(leaseOf(child).holder).toBe("");
  });
});

/** The same child with the Auth API's conditional role writes (B119), peeks counted. */
class CasChild extends LeaseChild {
  peeks = 0;

  override api(): ChildApi {
    const base = super.api();
    return {
      ...base,
      peekRole: async (name: string) => {
        this.peeks++;
        return base.peekRole!(name);
      },
      swapRole: async (role: Resource, revision: string | null) => {
        const now = this.roles.get(role.metadata!.name!);
        const current = now ? String(now.metadata?.revision) : null;
        if (current !== revision) return null;
        this.put(structuredClone(role));
        return String(this.roles.get(role.metadata!.name!)!.metadata!.revision);
      },
    } as ChildApi;
  }
}

describe("the first take of a lease seen free before the plan", () => {
  it("goes at the revision seen, without reading the lease again", async () => {
    const child = new CasChild();
    const api = child.api();
    const seen = await leaseSeen(api, REPO);
    const lease = await acquireLease(api, { ...options("run 1", clock()), seen: seen! });
    expect(lease).toMatchObject({ untouched: true, checked: true });
    expect(child.peeks).toBe(1);
  });

  it("is refused when another run wrote the lease since, and the run reads it again: not untouched", async () => {
    const child = new CasChild();
    const api = child.api();
    const seen = await leaseSeen(api, REPO);
    const other = await acquireLease(api, options("run 0", clock()));
    await other.release();
    const peeksBefore = child.peeks;
    const lease = await acquireLease(api, { ...options("run 1", clock()), seen: seen! });
    expect(lease).toMatchObject({ untouched: false, checked: true });
    expect(child.peeks - peeksBefore).toBe(1);
  });
});
