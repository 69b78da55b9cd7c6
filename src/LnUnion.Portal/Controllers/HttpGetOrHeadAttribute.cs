using Microsoft.AspNetCore.Mvc.Routing;

namespace LnUnion.Portal.Controllers;

/// <summary>
/// A public page answers HEAD as well as GET: crawlers and link checkers ask for headers only, and MVC does not
/// map HEAD to GET by itself.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HttpGetOrHeadAttribute(string template) : HttpMethodAttribute(["GET", "HEAD"], template);
