import InfragenCore
import InfragenFormats
import InfragenStacks

/// Where a command's template comes from: a file, or the reference stack.
enum TemplateInput {
  /// Reads and parses a template file.
  /// - Throws: ``CLIError/input(file:line:column:message:)`` with the reader's position.
  static func read(_ path: String) throws(CLIError) -> Template {
    let bytes = try FileSystem.read(path)
    do {
      return try JSONReader.readTemplate(bytes, file: path)
    } catch {
      throw .input(file: path, line: error.position?.line, column: error.position?.column, message: error.message)
    }
  }

  /// The reference stack, lowered; its lowering diagnostics come along.
  static func referenceStack() -> (Template, [Diagnostic]) {
    let lowered = ReferenceStack().stack.lower()
    return (lowered.template, lowered.diagnostics)
  }
}
