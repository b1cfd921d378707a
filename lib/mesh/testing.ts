// Test-only helpers for lib/mesh's tests.
import { MeshError } from "./errors";

/** The MeshError a promise rejects with; anything else (or success) fails the test. */
export async function failure(promise: Promise<unknown>): Promise<MeshError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MeshError) return error;
    throw error;
  }
  throw new Error("expected a MeshError");
}
