import Spanscope

// README:BEGIN
struct Greeting: Codable {
    var message: String
}

func makeServer(port: Int = 8080) -> HTTPServer {
    var router = Router()
    router.get("/hello/:name") { _, context in
        try .json(Greeting(message: "hello, \(context.parameters["name"] ?? "you")"))
    }
    router.get("/slow") { _, _ in
        try await Task.sleep(for: .milliseconds(20))
        return Response(text: "done")
    }
    return HTTPServer(configuration: ServerConfiguration(port: port), router: router)
}
// README:END
