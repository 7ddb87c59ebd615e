export class NoteObject {}; export default {}
