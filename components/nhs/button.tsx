import Link from "next/link";
import type { ButtonHTMLAttributes, ComponentProps } from "react";
import { cn } from "./class-names";

export type ButtonVariant = "primary" | "secondary" | "warning";

const variants: Record<ButtonVariant, string | undefined> = {
  primary: undefined,
  secondary: "nhsuk-button--secondary",
  warning: "nhsuk-button--warning",
};

export function buttonClasses(variant: ButtonVariant = "primary", className?: string) {
  return cn("nhsuk-button", variants[variant], className);
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
