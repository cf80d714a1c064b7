import InfragenCore
import InfragenModel

/// The values that differ per deployment, given as CloudFormation parameters.
public struct StackParameters: StackComponent {
  let options: ReferenceStack.Options

  /// The container image.
  public var containerImage: Parameter {
    Parameter(
      "ContainerImage",
      description: "The application's container image, such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2",
      minLength: 1)
  }

  /// The ACM certificate of the HTTPS listener.
  public var certificateARN: Parameter {
    Parameter(
      "CertificateArn", description: "The ACM certificate the load balancer's HTTPS listener presents",
      allowedPattern: "^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$",
      constraintDescription: "must be an ACM certificate ARN")
  }

  /// The Slack workspace that receives alarms.
  public var slackWorkspaceID: Parameter {
    Parameter(
      "SlackWorkspaceId",
      description: "The Slack workspace (team) ID authorized in the AWS Chatbot console, such as T0123ABCD",
      allowedPattern: "^[0-9A-Z]{1,255}$", constraintDescription: "must be a Slack workspace ID")
  }

  /// The Slack channel that receives alarms.
  public var slackChannelID: Parameter {
    Parameter(
      "SlackChannelId", description: "The Slack channel ID that receives alarms, such as C0123ABCD",
      allowedPattern: "^[A-Za-z0-9]+$", constraintDescription: "must be a Slack channel ID")
  }

  /// The parameters, in the order the console shows them.
  public var body: [StackElement] {
    containerImage
    certificateARN
    if options.slack {
      slackWorkspaceID
      slackChannelID
    }
  }
}
