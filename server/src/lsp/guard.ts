/**
 * What every handler runs inside: a request before initialize is refused,
 * bad parameters and exceptions become error responses or a logged line,
 * never a dead server.
 */
import { ErrorCodes, ResponseError, type CancellationToken } from "vscode-languageserver/node";
import type { ServerState } from "./state.js";

type RequestHandler<P, R> = (params: P, token?: CancellationToken) => R | Promise<R>;

export function guardRequest<P, R, E = void>(
  state: ServerState,
  name: string,
  fn: RequestHandler<P, R>,
): (params: P, token?: CancellationToken) => Promise<R | ResponseError<E>> {
  return async (params: P, token?: CancellationToken) => {
    // LSP: a request before initialize is answered with ServerNotInitialized.
    if (!state.initialized)
      return new ResponseError(ErrorCodes.ServerNotInitialized, `${name}: the server has not been initialized yet.`);
    try {
      return await fn(params, token);
    } catch (e) {
      if (e instanceof ResponseError) return e as ResponseError<E>;
      state.logError(name, e);
      return new ResponseError(
        ErrorCodes.InternalError,
        `${name} failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      state.idle.poke();
    }
  };
}

export function guardNotification<P>(
  state: ServerState,
  name: string,
  fn: (params: P) => unknown,
): (params: P) => void {
  return (params: P) => {
    try {
      const r = fn(params);
      if (r instanceof Promise) r.catch((e: unknown) => state.logError(name, e));
    } catch (e) {
      state.logError(name, e);
    }
  };
}
