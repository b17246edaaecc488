/** One line at the foot of the page saying what happened, or what went wrong and why. */
import { ApiError } from "../api/client";

export class StatusLine {
  constructor(private readonly element: HTMLElement) {}

  info(message: string): void {
    this.element.textContent = message;
    this.element.dataset.kind = "info";
  }

  error(error: unknown, doing: string): void {
    const text =
      error instanceof ApiError
        ? `${doing}: ${error.message} (${error.code})`
        : `${doing}: ${error instanceof Error ? error.message : String(error)}`;
    this.element.textContent = text;
    this.element.dataset.kind = "error";
  }
}
