import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Footer } from "@/components/nhs/footer";
import { Header } from "@/components/nhs/header";
import { SkipLink } from "@/components/nhs/skip-link";
import { getUserForFrame } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AccountLinks } from "./account-links";
import "./nhsuk.scss";
import "./globals.css";
import { MailboxSwitcher } from "./mailbox-switcher";
import { Providers } from "./providers";
import { SessionTimeoutWarning } from "./session-timeout-warning";
import { signOutAction } from "./sign-out-action";

export const metadata: Metadata = {
  title: { default: "Mailroom", template: "%s – Mailroom" },
  description: "Send and receive files through NHS MESH mailboxes in a browser.",
};

export const viewport: Viewport = { themeColor: "#005eb8" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets its own CSP nonce.
  await headers();
  const user = await getUserForFrame();
  return (
    <html lang="en-GB">
      <body className="flex min-h-screen flex-col">
        <SkipLink />
        <Header
          serviceName="Mailroom"
          homeHref={user ? "/mailboxes" : "/"}
          account={user && <AccountLinks />}
          navigation={<MailboxSwitcher />}
        />
        {/* The wrapper grows; nhsuk-width-container keeps its side margins (w-full on it would overflow). */}
        <div className="grow">
          <div className="nhsuk-width-container">
            <main id="maincontent" tabIndex={-1} className="nhsuk-main-wrapper outline-none">
              <Providers>{children}</Providers>
            </main>
          </div>
        </div>
        <Footer />
        {user && (
          <SessionTimeoutWarning
            idleMs={env().SESSION_IDLE_MINUTES * 60_000}
            idleExpiresAt={user.idleExpiresAt.toISOString()}
            signOut={signOutAction}
          />
        )}
      </body>
    </html>
  );
}
