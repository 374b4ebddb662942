// The floor's entry (scripts/bench/floor/app/entry.server.tsx): the app's way of rendering, whole document then one response.
export { default } from "../../floor/app/entry.server";
