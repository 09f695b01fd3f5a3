/** Files the bundle embeds as text (see scripts/bundle.js). */
declare module '*.rules' {
  const text: string;
  export default text;
}
