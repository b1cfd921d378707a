import type { ReactNode } from "react";
import { cn } from "./class-names";

export type TagColour =
  | "solid"
  | "white"
  | "grey"
  | "green"
  | "aqua-green"
  | "blue"
  | "purple"
  | "pink"
  | "red"
  | "orange"
  | "yellow";

const colours: Record<TagColour, string> = {
  solid: "border-tag-solid bg-tag-solid text-white",
  white: "border-text bg-white text-text",
  grey: "border-tag-grey bg-tag-grey-bg text-tag-grey",
  green: "border-tag-green bg-tag-green-bg text-tag-green",
  "aqua-green": "border-tag-aqua-green bg-tag-aqua-green-bg text-tag-aqua-green",
  blue: "border-tag-blue bg-tag-blue-bg text-tag-blue",
  purple: "border-tag-purple bg-tag-purple-bg text-tag-purple",
  pink: "border-tag-pink bg-tag-pink-bg text-tag-pink",
  red: "border-tag-red bg-tag-red-bg text-tag-red",
  orange: "border-tag-orange bg-tag-orange-bg text-tag-orange",
  yellow: "border-tag-yellow bg-tag-yellow-bg text-tag-yellow",
};

/** Static status text; never a link or a button. */
export function Tag({ colour = "solid", children }: { colour?: TagColour; children: ReactNode }) {
  return (
    <strong className={cn("inline-block border px-2 py-1 text-base leading-none font-bold", colours[colour])}>{children}</strong>
  );
}
