import { z } from "zod";

/**
 * The rule for every password a person chooses (accepting an invitation, changing it): length,
 * and not one of the passwords that attackers try first. Shared by the forms (client-side
 * validation) and the server.
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

// Twelve characters and longer from the most common leaked-password lists, plus this product's own
// published demo password: each is among the first guesses of any credential-stuffing run.
const COMMON_PASSWORDS = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456789123",
  "111111111111",
  "000000000000",
  "123123123123",
  "qwertyuiopasdfgh",
  "qwertyuiopasdfghjkl",
  "qwertyuiop123",
  "qwerty123456",
  "qwerty12345678",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "1qaz2wsx3edc4rfv",
  "zaq12wsxcde3",
  "asdfghjkl123",
  "password1234",
  "password12345",
  "password123456",
  "password123!",
  "passwordpassword",
  "p@ssw0rd1234",
  "p@ssword1234",
  "iloveyou1234",
  "iloveyouiloveyou",
  "welcome12345",
  "welcome123456",
  "letmein12345",
  "letmeinletmein",
  "administrator",
  "administrator1",
  "admin1234567",
  "adminadminadmin",
  "changeme1234",
  "changemenow!",
  "trustno1trustno1",
  "football1234",
  "baseball1234",
  "superman1234",
  "starwars1234",
  "sunshine1234",
  "princess1234",
  "dragondragon",
  "monkey123456",
  "abcdefghijkl",
  "abcdefgh1234",
  "abc123abc123",
  "aaaaaaaaaaaa",
  "correcthorsebatterystaple",
  "golive-demo-2026",
]);

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `A password has at most ${MAX_PASSWORD_LENGTH} characters.`;
  const folded = password.toLowerCase();
  if (COMMON_PASSWORDS.has(folded) || /^(.)\1+$/.test(password)) {
    // One short line: a longer error that vanishes on blur moves the button under a tapping finger.
    return "Too common: attackers try it first.";
  }
  return null;
}

export const NewPasswordSchema = z.string({ required_error: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.` }).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});
