/**
 * Reads a page form. `request.formData()` throws a TypeError when the body is not a form (a JSON or
 * text post, a multipart body without its boundary): that is the sender's mistake, answered 415,
 * not an error on our side (500).
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Send this form as application/x-www-form-urlencoded or multipart/form-data.", { status: 415 });
  }
}
