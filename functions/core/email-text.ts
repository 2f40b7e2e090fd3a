/** An email as rendered for sending, and the one rule its header text follows. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Text for a mail header: every run of control characters and line or paragraph separators
 * becomes one space, so no stored text (a goal name written before names were checked) can end
 * the header and start another.
 */
export const headerText = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
