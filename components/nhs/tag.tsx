import type { ReactNode } from "react";
import { cn } from "./class-names";

export type TagColour = "solid" | "white" | "grey" | "green" | "aqua-green" | "blue" | "purple" | "pink" | "red" | "orange" | "yellow";

/** Static status text; never a link or a button. "solid" is nhsuk-frontend's default tag. */
export function Tag({ colour = "solid", children }: { colour?: TagColour; children: ReactNode }) {
  return <strong className={cn("nhsuk-tag", colour !== "solid" && `nhsuk-tag--${colour}`)}>{children}</strong>;
}
