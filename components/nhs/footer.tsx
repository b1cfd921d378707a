import type { ReactNode } from "react";

export function Footer({ children }: { children?: ReactNode }) {
  return (
    <footer role="contentinfo" className="mt-auto border-t-4 border-blue bg-border">
      <div className="body-s mx-auto max-w-page px-4 py-6 tablet:px-8 large-desktop:px-0">
        <h2 className="sr-only">Support links</h2>
        {children}
        <p className="m-0 text-secondary">© Mailroom contributors. Not an NHS England service.</p>
      </div>
    </footer>
  );
}
