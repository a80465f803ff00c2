/// The drawing page served at `GET /`: one self-contained HTML file (CSS and script inline,
/// nothing fetched from elsewhere), `Resources/index.html`, embedded in the binary.
enum Page {
    static let html: [UInt8] = PackageResources.index_html
}
