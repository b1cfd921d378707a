"use client";

import "./nhsuk.scss";
import "./globals.css";

export default function GlobalError() {
  return (
    <html lang="en-GB">
      <head>
        <title>Sorry, there is a problem with the service – Mailroom</title>
      </head>
      <body>
        <main id="maincontent" className="nhsuk-width-container nhsuk-main-wrapper">
          <h1>Sorry, there is a problem with the service</h1>
          <p>Try again later.</p>
        </main>
      </body>
    </html>
  );
}
