import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps } from "react";
import { cn } from "./class-names";

export type ButtonVariant = "primary" | "secondary" | "warning";

const base =
  "body relative mb-7 inline-block w-full cursor-pointer rounded-button border-2 px-4 pt-2 pb-[7px] text-center font-bold no-underline " +
  "tablet:w-auto tablet:px-4 tablet:pt-3 tablet:pb-[11px] " +
  "focus-visible:focus-button active:top-1 active:shadow-none disabled:cursor-not-allowed disabled:opacity-50";

const variants: Record<ButtonVariant, string> = {
  primary:
    "border-transparent bg-green text-white shadow-[0_4px_0_var(--color-green-shadow)] hover:bg-green-hover active:bg-green-shadow visited:text-white hover:text-white",
  secondary:
    "border-blue bg-transparent text-blue shadow-[0_4px_0_var(--color-blue)] hover:bg-secondary-hover active:bg-secondary-pressed visited:text-blue",
  warning:
    "border-transparent bg-error text-white shadow-[0_4px_0_var(--color-error-shadow)] hover:bg-error-hover active:bg-error-shadow visited:text-white hover:text-white",
};

export function buttonClasses(variant: ButtonVariant = "primary", className?: string) {
  return cn(base, variants[variant], className);
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant };

/** nhsuk-button: a real <button>; type defaults to "submit" as in a form. */
export function Button({ variant = "primary", className, type = "submit", ...rest }: ButtonProps) {
  return <button type={type} data-module="nhsuk-button" className={buttonClasses(variant, className)} {...rest} />;
}

/** A link styled as a button, for navigation only. */
export function ButtonLink({ variant = "primary", className, ...rest }: ComponentProps<typeof Link> & { variant?: ButtonVariant }) {
  return <Link role="button" draggable={false} className={buttonClasses(variant, className)} {...rest} />;
}
