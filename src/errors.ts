/**
 * The one error base class of tinyevo. Every module throws a subclass of it, with a message of the form
 * `<where>: <what> must <rule>; got <value>. <fix>` so a user sees which value was wrong and what is allowed.
 */
export class TinyevoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Thrown by the architecture IR when a node's shapes or attributes are inconsistent. */
export class ShapeError extends TinyevoError {}

/** Thrown by search spaces: a genome of the wrong space, an out-of-range choice, an undecodable genome. */
export class SpaceError extends TinyevoError {}

/** Thrown by search strategies: bad options, an unknown strategy or objective, a result told twice. */
export class SearchError extends TinyevoError {}

/** Thrown by the training engine: unknown backend, wrong input shape, unsupported kernel configuration. */
export class EngineError extends TinyevoError {}

/** Thrown by dataset loaders: missing or malformed files, bad split sizes. */
export class DataError extends TinyevoError {}

/** Thrown while validating user configuration and CLI options. */
export class ConfigError extends TinyevoError {}

/**
 * Throws `make(message)` when `cond` is false. The message is built only on failure, so callers on hot
 * paths pay nothing for a good message.
 */
export function assert(cond: unknown, message: () => string, make: (m: string) => Error = (m) => new TinyevoError(m)): asserts cond {
  if (!cond) throw make(message());
}
