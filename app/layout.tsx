import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "./components/site-header";
import { markPageLoad } from "@/lib/http/mark-page-load";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Chainrule", template: "%s · Chainrule" },
  description: "Auto-graded exercises for the maths of deep learning.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  // Submissions give way while a page renders (lib/http/page-loads.ts).
  markPageLoad();
  return (
    <html lang="en">
      <body>
        <SiteHeader />
        <main>{children}</main>
      </body>
    </html>
  );
}
