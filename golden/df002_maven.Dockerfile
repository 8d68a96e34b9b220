FROM eclipse-temurin:21-jdk AS build
WORKDIR /workspace
COPY . .
RUN ./mvnw -B dependency:go-offline
RUN ./mvnw -B -DskipTests package

FROM eclipse-temurin:21-jre
COPY --from=build /workspace/target/app.jar /app.jar
CMD ["java", "-jar", "/app.jar"]
