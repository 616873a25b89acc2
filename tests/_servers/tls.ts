/**
 * Test helper: a certificate authority and a server certificate for
 * 127.0.0.1 (`ca.crt`, `server.crt`, `server.key` in a directory), made with
 * Debian's openssl.
 *
 * @module
 */

/** A CA and a server certificate for 127.0.0.1, made with openssl. */
export async function certificates(dir: string): Promise<void> {
  const run = async (...args: string[]) => {
    const r = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" })
      .output();
    if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  };
  await run(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=test-ca",
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
  );
  await run(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
  );
  await Deno.writeTextFile(`${dir}/san.ext`, "subjectAltName=IP:127.0.0.1\n");
  await run(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    "san.ext",
    "-out",
    "server.crt",
  );
}
