# builder stage only copied from: silent
FROM maven:3.9-eclipse-temurin-21 AS build
RUN mvn -q package
FROM eclipse-temurin:21-jre
COPY --from=build /target/app.jar /app.jar
