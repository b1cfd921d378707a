// Stands in for the `server-only` marker package under Vitest and plain Node, where importing it
// would throw; Next's bundler still enforces the real one.
export {};
