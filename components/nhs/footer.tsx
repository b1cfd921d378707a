import type { ReactNode } from "react";

export function Footer({ children }: { children?: ReactNode }) {
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          {children}
          <p className="nhsuk-body-s">© Mailroom contributors. Not an NHS England service.</p>
        </div>
      </div>
    </footer>
  );
}
