import ArgumentParser
import DigitsKit

/// `--format png|pgm`: the format of the per-digit files written into a directory.
extension ImageFileFormat: ExpressibleByArgument {}
