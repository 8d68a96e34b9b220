# openjdk is deprecated: reported, never rewritten
FROM openjdk:17-jdk-slim AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q package

FROM openjdk:17-jre-slim
COPY --from=build /src/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
