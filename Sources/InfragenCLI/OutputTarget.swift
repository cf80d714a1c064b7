/// Where a command's main output goes: standard output, or the file `--output` names (`-` is
/// standard output, by the usual convention).
enum OutputTarget: Equatable {
  case standardOutput
  case file(String)

  /// The target `--output` names, or standard output without it.
  init(_ option: String?) {
    if let option, option != "-" {
      self = .file(option)
    } else {
      self = .standardOutput
    }
  }

  /// The file's name, when the output goes to one.
  var path: String? {
    if case .file(let path) = self { return path }
    return nil
  }

  /// Refuses, before any work is done, a file that is one of the command's inputs, or that
  /// cannot be a file name.
  func check(inputs: [(path: String, role: String)]) throws(CLIError) {
    guard let path else { return }
    if path.isEmpty { throw .message("'' is not a file name") }
    try FileSystem.refuseOverwritingInputs(path, inputs)
  }

  /// `text` delivered: in the result's standard output, or written to the file (then the
  /// result's standard output is empty).
  func deliver(_ text: String, _ result: CommandResult = CommandResult()) throws(CLIError) -> CommandResult {
    var result = result
    switch self {
    case .standardOutput: result.stdout = text
    case .file(let path): try FileSystem.write(text, to: path)
    }
    return result
  }
}
