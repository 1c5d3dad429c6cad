/**
 * What every door does with a spreadsheet someone sends in chat, once its platform's rules have
 * chosen the address: the address read, the bytes downloaded within one size limit, and each
 * way it can fail said in words the sender can act on.
 */

/** A data manager's sheet for a trust is a few hundred rows; this bounds what one message may make the bot read. */
export const MAX_SPREADSHEET_BYTES = 10 * 1024 * 1024;

/** The file's link as an address, or `fail` saying it is not one. */
export function fileUrl(name: string, link: string, fail: (reason: string) => Error): URL {
  try {
    return new URL(link);
  } catch {
    throw fail(`the link to ${name} is not a web address`);
  }
}

/**
 * The body of a download that answered, refused beyond MAX_SPREADSHEET_BYTES as declared and as
 * read. `again` is what the sender does to try once more ("send it again", "share it again").
 */
export async function spreadsheetBody(response: Response, name: string, again: string, fail: (reason: string) => Error): Promise<Buffer> {
  if (!response.ok) throw fail(`${name} could not be downloaded (HTTP ${response.status}); ${again}`);
  const tooBig = (bytes: number) => fail(`${name} is ${bytes} bytes; at most ${MAX_SPREADSHEET_BYTES} are read`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_SPREADSHEET_BYTES) throw tooBig(declared);
  const content = Buffer.from(await response.arrayBuffer());
  if (content.length > MAX_SPREADSHEET_BYTES) throw tooBig(content.length);
  return content;
}
