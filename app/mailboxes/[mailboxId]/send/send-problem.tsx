import type { ReactNode, Ref } from "react";

type Props = {
  error: string;
  meshCode?: string;
  whatToTry?: string;
  headingRef?: Ref<HTMLHeadingElement>;
  /** The ways on: try again, and back to the inbox. */
  children: ReactNode;
};

/**
 * When MESH did not answer, or refused for a reason no answer on the form can fix: a page of its own
 * that says nothing was sent, what to try, and MESH's code for the service desk.
 */
export function SendProblem({ error, meshCode, whatToTry, headingRef, children }: Props) {
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Your file was not sent
      </h1>
      <p>{error}</p>
      <p>{whatToTry ?? "Try again in a few minutes."}</p>
      {meshCode && (
        <p>
          MESH code: <strong>{meshCode}</strong>
        </p>
      )}
      <p>Nothing reached the recipient, and your answers are kept.</p>
      {children}
    </>
  );
}
