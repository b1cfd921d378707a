import { parse, protocol, type PGlite, type Results, type Transaction } from "@electric-sql/pglite";

type QueryOptions = Parameters<PGlite["query"]>[2];
type Statement = { name: string; paramTypes: number[] };

const { serialize } = protocol;
/** Statement names are per connection; two wrappers on one PGlite must not reuse each other's. */
let wrappers = 0;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The part of PGlite that drizzle's PGlite driver uses (`query` and `transaction`), with a statement cache.
 *
 * PGlite's own `query()` sends Parse, Describe, Bind, Describe, Execute and Sync as six separate calls into
 * WebAssembly and has PostgreSQL parse and plan the SQL every time. Here each distinct SQL text is prepared
 * once as a named statement, and a query is one call carrying Bind, Describe, Execute and Sync: about a
 * quarter of the time for the mailbox server's short statements (ADR 0109).
 *
 * Everything goes through one queue, so a statement never runs inside another caller's open transaction.
 * Inside `transaction(fn)`, `fn` gets PGlite's own transaction object (plain `query()`); it must not use
 * this wrapper, or it would wait for itself.
 */
export class PgliteStatements {
  /** Least recently used first. */
  private readonly statements = new Map<string, Statement>();
  private readonly prefix = `mailroom_${++wrappers}_`;
  private made = 0;
  /** PGlite's parsers merged with a query's own (drizzle's keep timestamps as text), per options object. */
  private readonly mergedParsers = new WeakMap<object, PGlite["parsers"]>();
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * `maxStatements`: distinct SQL texts kept prepared. Past it the least recently used is closed, so
   * one-off texts (an `IN (…)` list of a new length, say) never crowd out the hot ones.
   */
  constructor(
    private readonly pg: PGlite,
    private readonly maxStatements = 256,
  ) {}

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    return this.exclusive(async () => {
      await this.pg.waitReady; // PGlite's own query() waits for start-up; runExclusive does not
      return this.pg.runExclusive(async () => this.execute<T>(await this.statementFor(text), params, options));
    });
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.exclusive(() => this.pg.transaction(fn));
  }

  private async execute<T>(statement: Statement, params: unknown[], options: QueryOptions): Promise<Results<T>> {
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const type = statement.paramTypes[i]!;
      const serializer = options?.serializers?.[type] ?? this.pg.serializers[type];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await this.pg.execProtocol(
      concat([
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    // parseResults would copy every one of PGlite's parsers into a new object on each call to merge in the
    // query's own; a prepared drizzle query passes the same options object every time, so merge it once.
    if (!options?.parsers) return parse.parseResults(messages, this.pg.parsers, options)[0] as Results<T>;
    let parsers = this.mergedParsers.get(options.parsers);
    if (!parsers) this.mergedParsers.set(options.parsers, (parsers = { ...this.pg.parsers, ...options.parsers }));
    return parse.parseResults(messages, parsers, { ...options, parsers: undefined })[0] as Results<T>;
  }

  private async statementFor(text: string): Promise<Statement> {
    const known = this.statements.get(text);
    if (known) {
      this.statements.delete(text);
      this.statements.set(text, known);
      return known;
    }
    if (this.statements.size >= this.maxStatements) {
      const [oldest, old] = this.statements.entries().next().value!;
      this.statements.delete(oldest);
      await this.pg.execProtocol(concat([serialize.close({ type: "S", name: old.name }), serialize.sync()]));
    }
    const name = `${this.prefix}${++this.made}`;
    const { messages } = await this.pg.execProtocol(
      concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]),
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    this.statements.set(text, statement);
    return statement;
  }
}
