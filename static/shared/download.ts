/**
 * Saves `text` as a CSV file named `fileName` through a temporary link: the one way a Custom UI frame can hand the
 * browser a file (the frame has no file system access). The object URL is revoked a second later, once the
 * browser has started the download, so repeated exports do not keep their blobs alive.
 *
 * @example downloadCsv('a,b\r\n1,2\r\n', 'sla-report-2026-03.csv') // the browser saves sla-report-2026-03.csv
 */
export function downloadCsv(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
