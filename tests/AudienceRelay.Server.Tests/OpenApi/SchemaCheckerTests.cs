using System.Text.Json;

namespace AudienceRelay.Server.Tests.OpenApi;

/// <summary>The checker the document tests rely on finds each kind of mismatch, and refuses keywords it does not know.</summary>
public sealed class SchemaCheckerTests
{
    private static readonly JsonElement Document = JsonDocument.Parse("""
        {
          "components": { "schemas": {
            "Thing": {
              "type": "object", "additionalProperties": false, "required": ["id", "state"],
              "properties": {
                "id": { "type": "integer", "minimum": 1 },
                "state": { "type": "string", "enum": ["on", "off"] },
                "at": { "type": ["string", "null"], "format": "date-time" },
                "tags": { "type": "array", "items": { "type": "string" } },
                "counts": { "type": "object", "additionalProperties": { "type": "integer" } }
              }
            }
          } }
        }
        """).RootElement;

    private static readonly JsonElement Thing = JsonDocument.Parse("""{ "$ref": "#/components/schemas/Thing" }""").RootElement;

    [Fact]
    public void A_fitting_value_has_no_problems()
    {
        var problems = new SchemaChecker(Document).Check(Thing, Parse("""{"id":3,"state":"on","at":null,"tags":["a"],"counts":{"x":1}}"""));

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""{"state":"on"}""", "$: the required property 'id' is missing")]
    [InlineData("""{"id":1,"state":"on","extra":true}""", "$: the property 'extra' is not in the schema")]
    [InlineData("""{"id":"1","state":"on"}""", "$.id: a String is not of type \"integer\"")]
    [InlineData("""{"id":1.5,"state":"on"}""", "$.id: a Number is not of type \"integer\"")]
    [InlineData("""{"id":0,"state":"on"}""", "$.id: 0 breaks minimum 1")]
    [InlineData("""{"id":1,"state":"maybe"}""", "$.state: \"maybe\" is not one of [\"on\", \"off\"]")]
    [InlineData("""{"id":1,"state":"on","at":"yesterday"}""", "$.at: 'yesterday' is not a date-time")]
    [InlineData("""{"id":1,"state":"on","tags":[1]}""", "$.tags[0]: a Number is not of type \"string\"")]
    [InlineData("""{"id":1,"state":"on","counts":{"x":"1"}}""", "$.counts.x: a String is not of type \"integer\"")]
    public void Each_kind_of_mismatch_is_reported_with_its_path(string json, string expected)
    {
        var problems = new SchemaChecker(Document).Check(Thing, Parse(json));

        Assert.Equal(expected, Assert.Single(problems));
    }

    [Fact]
    public void A_keyword_the_checker_does_not_enforce_is_a_problem_not_a_pass()
    {
        var problems = new SchemaChecker(Document).Check(Parse("""{"type":"string","pattern":"^a"}"""), Parse("\"b\""));

        Assert.Contains("'pattern' is not supported", Assert.Single(problems), StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
