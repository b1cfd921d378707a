"use client";

import { useEffect } from "react";

export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  useEffect(() => {
    document.title = "Sorry, there is a problem with the service – Mailroom";
  }, []);
  return (
    <div className="tablet:w-2/3">
      <h1>Sorry, there is a problem with the service</h1>
      <p>Try again later.</p>
      <p>Nothing you sent or received has been lost. Files stay in the mailbox until they are collected.</p>
      {error.digest && <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">Reference: {error.digest}</p>}
    </div>
  );
}
