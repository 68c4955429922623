// A spreadsheet reads a cell starting with one of these as a formula (tab and carriage return can
// hide one behind white space). Numbers are the exception: "-12.50" and "+8613812345678" are data.
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * Text that no spreadsheet runs as a formula: a leading quote makes Excel, LibreOffice and Google
 * Sheets show the cell as text (the OWASP "CSV injection" defence).
 */
export function safeText(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}
