// The floor's document (scripts/bench/floor/app/root.tsx): the pages bring the app's captured markup.
export { default } from "../../floor/app/root";
